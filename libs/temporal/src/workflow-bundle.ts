import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The workflows' source entry point and the prebuilt bundle `npm run build` writes beside dist/. */
export function workflowPaths(root = process.cwd()): { workflowsPath: string; bundlePath: string } {
  return { workflowsPath: join(root, 'workflows', 'index.ts'), bundlePath: join(root, 'dist', 'workflow-bundle.js') };
}

export function prebuiltBundle(root = process.cwd()): string | null {
  const { bundlePath } = workflowPaths(root);
  return existsSync(bundlePath) ? bundlePath : null;
}
