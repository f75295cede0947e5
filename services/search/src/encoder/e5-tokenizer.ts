import { readFile } from 'node:fs/promises';
import { Tokenizer } from '@huggingface/tokenizers';

/**
 * The XLM-R SentencePiece tokenizer from tokenizer.json (pure JS port; token ids are checked against
 * Python's `tokenizers` by the parity test). Adds <s> … </s> and truncates to `maxLength` tokens
 * the way Hugging Face does: keep the head of the text, always end with </s>.
 */
export class E5Tokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly eosId: number,
    readonly padId: number,
  ) {}

  static async fromFile(path: string): Promise<E5Tokenizer> {
    const json = JSON.parse(await readFile(path, 'utf8')) as object;
    const tokenizer = new Tokenizer(json, {});
    const eos = tokenizer.token_to_id('</s>');
    const pad = tokenizer.token_to_id('<pad>');
    if (eos === undefined || pad === undefined) throw new Error(`${path} is not an XLM-R tokenizer: it has no </s> or <pad> token`);
    return new E5Tokenizer(tokenizer, eos, pad);
  }

  encode(text: string, maxLength: number): number[] {
    const ids = this.tokenizer.encode(text).ids;
    if (ids.length <= maxLength) return ids;
    const cut = ids.slice(0, maxLength - 1);
    cut.push(this.eosId);
    return cut;
  }
}
