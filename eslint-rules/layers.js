// The layer rule (README "Architecture"), enforced by lint rather than by review:
//   src-shared  <-  src-node  <-  src-main, src-hq        src-renderer -> src-shared only
// - src-shared is pure: no node built-ins, electron, better-sqlite3, React, and no other layer.
// - src-node is what both Node apps share (SQLite connection, PIN hash, national-ID HMAC, backoff,
//   HTTP client base): src-shared and itself only, no electron.
// - src-main and src-hq import src-node and src-shared, never each other, never the renderer.
// - src-renderer imports only src-shared and its own files (plus browser-side packages).
// - tools/ (simulators, the demo composition) and test-support/ may import product code; product code
//   never imports them, except that test files (*.test.ts[x]) may use test-support/ and tools/.
import { builtinModules } from 'node:module';
import path from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const LAYERS = ['src-shared', 'src-node', 'src-main', 'src-renderer', 'src-hq', 'tools', 'test-support', 'e2e', 'bench', 'scripts', 'eslint-rules'];
const PRODUCT = ['src-shared', 'src-node', 'src-main', 'src-renderer', 'src-hq'];
const TEST_FILE = /\.test\.tsx?$/;

const POLICY = {
  'src-shared': {
    layers: ['src-shared'],
    forbidNode: true,
    forbidPackages: ['electron', 'better-sqlite3', 'react', 'react-dom', 'react-i18next', 'pino', 'node-thermal-printer', 'iconv-lite', 'pngjs'],
  },
  'src-renderer': {
    layers: ['src-renderer', 'src-shared'],
    forbidNode: true,
    forbidPackages: ['electron', 'better-sqlite3', 'pino', 'node-thermal-printer', 'iconv-lite', 'pngjs'],
  },
  'src-node': {
    layers: ['src-node', 'src-shared'],
    forbidNode: false,
    forbidPackages: ['electron', 'react', 'react-dom', 'react-i18next'],
  },
  'src-main': { layers: ['src-main', 'src-node', 'src-shared'], forbidNode: false, forbidPackages: [] },
  'src-hq': { layers: ['src-hq', 'src-node', 'src-shared'], forbidNode: false, forbidPackages: ['electron'] },
  tools: { layers: ['tools', 'test-support', ...PRODUCT], forbidNode: false, forbidPackages: [] },
  'test-support': { layers: ['test-support', 'tools', ...PRODUCT], forbidNode: false, forbidPackages: [] },
};

function layerOf(file, root) {
  const rel = path.relative(root, file).split(path.sep);
  return LAYERS.includes(rel[0]) ? rel[0] : null;
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export default {
  rules: {
    'allowed-imports': {
      meta: {
        type: 'problem',
        docs: { description: 'Keep each layer to the imports the README (Architecture, Layers) allows' },
        schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
        messages: {
          layer: "{{from}} may not import from {{to}} ('{{spec}}'): allowed layers are {{allowed}}.",
          node: "{{from}} must stay free of Node built-ins ('{{spec}}').",
          pkg: "{{from}} may not import the package '{{spec}}'.",
        },
      },
      create(context) {
        const root = context.options[0]?.root ?? context.cwd;
        const file = context.filename;
        const from = layerOf(file, root);
        const base = from ? POLICY[from] : undefined;
        if (!base) return {};
        // a product layer's tests may use the shared test helpers and simulators
        const policy = PRODUCT.includes(from) && TEST_FILE.test(file) ? { ...base, layers: [...base.layers, 'test-support', 'tools'] } : base;
        function check(node, spec) {
          if (typeof spec !== 'string') return;
          if (spec.startsWith('.') || spec.startsWith('/')) {
            const target = path.resolve(path.dirname(file), spec);
            const to = layerOf(target, root);
            if (to && !policy.layers.includes(to)) {
              context.report({ node, messageId: 'layer', data: { from, to, spec, allowed: policy.layers.join(', ') } });
            }
            return;
          }
          if (policy.forbidNode && NODE_BUILTINS.has(spec.split('/')[0] === 'node:' ? spec : packageName(spec))) {
            context.report({ node, messageId: 'node', data: { from, spec } });
            return;
          }
          if (policy.forbidNode && spec.startsWith('node:')) {
            context.report({ node, messageId: 'node', data: { from, spec } });
            return;
          }
          if (policy.forbidPackages.includes(packageName(spec))) context.report({ node, messageId: 'pkg', data: { from, spec } });
        }
        return {
          ImportDeclaration: (n) => check(n, n.source.value),
          ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
          ExportAllDeclaration: (n) => check(n, n.source.value),
          ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
          CallExpression: (n) => {
            if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') {
              check(n, n.arguments[0].value);
            }
          },
        };
      },
    },
  },
};
