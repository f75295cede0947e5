import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['services/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // onnxruntime and faiss are native addons: separate processes keep them isolated per file.
    pool: 'forks',
    // 2-core machines: integration files each load a ~470 MB model; two at a time is plenty.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
