import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from '../../scripts/lib/stack';
import { startSystem } from '../support/system';

/** apps/web as the API serves it: the same URLs as before, the town's time zone written into the page. */
describe('the web client served by the API', () => {
  let system: Stack;

  beforeAll(async () => {
    system = await startSystem({ TOWN_TIMEZONE: 'Asia/Urumqi' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it.each(['/', '/index.html'])('%s is index.html with TOWN_TIMEZONE in its town-timezone meta, under the CSP', async (path) => {
    const res = await fetch(system.apiUrl + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).toContain('<meta name="town-timezone" content="Asia/Urumqi">');
    expect(html).toContain('<script type="module" src="./js/main.js"></script>');
  });

  it.each([
    ['/js/main.js', /javascript/],
    ['/js/submit-form.js', /javascript/],
    ['/app.css', /text\/css/],
    ['/vendor/chart.js/chart.umd.min.js', /javascript/],
  ])('%s is served as it is', async (path, type) => {
    const res = await fetch(system.apiUrl + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
  });

  it('is compressed for a browser that accepts it, and plain for one that does not', async () => {
    const { request } = await import('node:http');
    const encodingOf = (acceptEncoding: string) =>
      new Promise<string | undefined>((resolve, reject) => {
        request(system.apiUrl + '/js/main.js', { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
          res.resume();
          resolve(res.headers['content-encoding']);
        })
          .on('error', reject)
          .end();
      });
    expect(await encodingOf('gzip, deflate, br')).toBe('br');
    expect(await encodingOf('gzip')).toBe('gzip');
    expect(await encodingOf('identity')).toBeUndefined();
  });
});
