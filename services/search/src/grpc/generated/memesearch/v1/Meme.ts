// Original file: proto/memesearch/v1/search.proto

export interface Meme {
  id?: string;
  title?: string;
  description?: string;
  /**
   * Source page (e.g. memepedia.ru); empty when unknown.
   */
  source_url?: string;
  /**
   * Picture; empty when unknown.
   */
  image_url?: string;
  tags?: string[];
  /**
   * "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty when unknown.
   */
  date?: string;
  source?: string;
}

export interface Meme__Output {
  id: string;
  title: string;
  description: string;
  /**
   * Source page (e.g. memepedia.ru); empty when unknown.
   */
  source_url: string;
  /**
   * Picture; empty when unknown.
   */
  image_url: string;
  tags: string[];
  /**
   * "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty when unknown.
   */
  date: string;
  source: string;
}
