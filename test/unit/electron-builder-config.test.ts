/**
 * build/electron-builder.yml against electron-builder's own JSON schema (the
 * one it validates with before packaging), and the packaging choices the
 * README promises. Nothing is packaged and Electron is not launched.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';

const root = new URL('../../', import.meta.url);
const config = yaml.load(readFileSync(new URL('build/electron-builder.yml', root), 'utf8')) as Record<string, any>;
// strict off: the schema carries electron-builder's own annotation keywords.
const validate = new Ajv({ allErrors: true, strict: false }).compile(createRequire(import.meta.url)('app-builder-lib/scheme.json'));

describe('the electron-builder configuration (nothing is packaged, Electron is not launched)', () => {
  it("is valid under electron-builder's own schema", () => {
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check catches a mistake', () => {
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } })).toBe(false);
  });

  it('builds AppImage and deb, dmg, and nsis, with icons that exist', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    for (const icon of ['build/icons/512x512.png', 'build/icons/256x256.png', config.mac.icon, config.win.icon]) {
      expect(existsSync(new URL(icon, root)), icon).toBe(true);
    }
  });

  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspect; cookie encryption, asar only, asar integrity', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect(config.asar).toBe(true);
  });

  it("packs the compiled main named by package.json's main, the bundled preload and the renderer", () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
    expect(pkg.main).toBe('dist/electron/main.js');
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/electron/**/*.js', 'dist/preload/**', 'dist/renderer/**']));
    expect(pkg.scripts.dist).toContain('electron-builder --config build/electron-builder.yml');
  });
});
