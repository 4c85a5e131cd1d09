// Builds the extension into ../report_nb/labextension, the build that is committed and that every
// pip or uv install ships as it is (no Node.js on a student's machine).
//
// `jupyter labextension build` would take JupyterLab's core package versions from the JupyterLab
// installed in the Python environment, so the output would change with every JupyterLab release
// there. Here they come from @jupyterlab/core-meta, pinned in package-lock.json: the output depends
// only on this folder, so CI can rebuild it and require the same bytes. The build ends by writing
// sources.sha256 (sha256sum's format, paths from the repository root): the sources it was built
// from, which the tests compare with labextension/ without needing Node.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const output = join(here, '..', 'report_nb', 'labextension');
// The builder reads <core path>/package.json: core-meta ships it as core.package.json.
const core = join(here, 'lib', 'core-meta');
mkdirSync(core, { recursive: true });
copyFileSync(
  join(here, 'node_modules', '@jupyterlab', 'core-meta', 'core.package.json'),
  join(core, 'package.json')
);

const builder = join(here, 'node_modules', '@jupyterlab', 'builder', 'lib', 'build-labextension.js');
const args = [builder, '--core-path', core, ...process.argv.slice(2), here];
const built = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (built.status !== 0) {
  process.exit(built.status ?? 1);
}

/** The files the build depends on: every file in this folder but npm's and tsc's work files. */
function sources(folder = '') {
  return readdirSync(join(here, folder), { withFileTypes: true }).flatMap(entry => {
    const name = folder ? `${folder}/${entry.name}` : entry.name;
    if (['node_modules', 'lib'].includes(name) || name.endsWith('.tsbuildinfo')) {
      return [];
    }
    return entry.isDirectory() ? sources(name) : [name];
  });
}

const lines = sources()
  .sort()
  .map(name => {
    const digest = createHash('sha256').update(readFileSync(join(here, name))).digest('hex');
    return `${digest}  labextension/${name}\n`;
  });
writeFileSync(join(output, 'sources.sha256'), lines.join(''));
