// Renders build/icon.svg to the PNGs (build/icons/, for Linux), .icns and .ico that electron-builder packs.
// Run by hand after changing the SVG: node build/render-icons.mjs
// Uses Debian's Chromium (no browser download) through playwright-core, and png2icons.
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import png2icons from 'png2icons';

const dir = new URL('./', import.meta.url);
const svg = await readFile(new URL('icon.svg', dir), 'utf8');
const pngDir = new URL('icons/', dir);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  for (const size of [512, 256]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await writeFile(new URL(`${size}x${size}.png`, pngDir), await page.screenshot({ omitBackground: true }));
    await page.close();
  }
} finally {
  await browser.close();
}
const png = await readFile(new URL('512x512.png', pngDir));
await writeFile(new URL('icon.icns', dir), png2icons.createICNS(png, png2icons.BICUBIC, 0));
await writeFile(new URL('icon.ico', dir), png2icons.createICO(png, png2icons.BICUBIC, 0, false, true));
