import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import compression from 'compression';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../../../libs/config/src';

/** The web client (apps/web): its files as they are, no build step. */
const WEB_ROOT = join(process.cwd(), 'apps', 'web');
const TIME_ZONE_META = '<meta name="town-timezone" content="">';

/** Every module of the client, so that the browser fetches them all at once rather than import by import. */
function modulePreloads(): string {
  const modules = readdirSync(join(WEB_ROOT, 'js'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).sort();
  return modules.map((f) => `  <link rel="modulepreload" href="./js/${f.split('\\').join('/')}">\n`).join('');
}

const escapeAttribute = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Serves the web client at `/`: index.html with the town's time zone (TOWN_TIMEZONE) filled in,
 * so the pages show times as the town reads them without asking first, and a modulepreload of
 * each module; the other files as they are; Chart.js from node_modules under /vendor/chart.js/.
 * Everything is compressed (brotli or gzip) for the browsers that accept it: the client's uncompressed JavaScript over
 * a slow phone network is most of its time to interactive (make bench-pages).
 */
export function serveWebClient(app: NestExpressApplication, config: AppConfig): void {
  const template = readFileSync(join(WEB_ROOT, 'index.html'), 'utf8');
  if (!template.includes(TIME_ZONE_META)) throw new Error(`apps/web/index.html lacks ${TIME_ZONE_META}`);
  const index = template
    .replace(TIME_ZONE_META, `<meta name="town-timezone" content="${escapeAttribute(config.town.timezone)}">`)
    .replace('</head>', `${modulePreloads()}</head>`);
  app.use(compression());
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && (req.path === '/' || req.path === '/index.html')) res.type('html').send(index);
    else next();
  });
  app.useStaticAssets(WEB_ROOT, { index: false });
  app.useStaticAssets(join(process.cwd(), 'node_modules/chart.js/dist'), { prefix: '/vendor/chart.js/' });
}
