// The import rules of ARCHITECTURE.md as an ESLint rule. It resolves every relative import against the
// importing file, so `../../db/sqlite/x` from shared/ is caught as surely as a bare `better-sqlite3`.
import path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** Layers, most specific first. `imports`: layers it may import. `packages`: allow-list (or null = any not denied). */
export const LAYERS = [
  { name: 'shared/domain', imports: ['shared/domain'], packages: ['date-fns', 'zod'], node: false },
  { name: 'shared/app', imports: ['shared/domain', 'shared/app'], packages: ['date-fns', 'zod'], node: false },
  {
    name: 'shared/contracts',
    imports: ['shared/domain', 'shared/contracts'],
    packages: ['date-fns', 'zod'],
    node: false,
  },
  { name: 'shared', imports: ['shared'], packages: ['date-fns', 'zod'], node: false },
  {
    name: 'db/sqlite',
    imports: ['shared', 'db/sqlite'],
    deny: ['electron', 'react', 'react-dom', 'pg', '@electric-sql/pglite', '@fluentui'],
    node: true,
  },
  {
    name: 'db/postgres',
    imports: ['shared', 'db/postgres'],
    deny: ['electron', 'react', 'react-dom', 'better-sqlite3', '@fluentui'],
    node: true,
  },
  {
    name: 'electron',
    imports: ['shared', 'db/sqlite', 'electron'],
    deny: ['react', 'react-dom', 'pg', '@electric-sql/pglite', '@fluentui'],
    node: true,
  },
  {
    name: 'renderer',
    imports: ['shared/domain', 'shared/contracts', 'renderer'],
    deny: ['electron', 'better-sqlite3', 'pg', '@electric-sql/pglite'],
    node: false,
  },
  {
    name: 'server',
    imports: ['shared', 'db/postgres', 'server'],
    deny: ['electron', 'react', 'react-dom', 'better-sqlite3', '@fluentui'],
    node: true,
  },
  { name: 'build', imports: null, node: true },
  { name: 'tests', imports: null, node: true },
];

const builtins = new Set(builtinModules);

function layerOf(rel) {
  for (const layer of LAYERS) {
    if (rel === layer.name || rel.startsWith(layer.name + '/')) return layer;
  }
  return null;
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isUnder(rel, folder) {
  return rel === folder || rel.startsWith(folder + '/');
}

/** @type {import('eslint').Rule.RuleModule} */
const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layering of ARCHITECTURE.md' },
    schema: [],
  },
  create(context) {
    const file = path.resolve(context.filename);
    const fromRel = path.relative(ROOT, file).split(path.sep).join('/');
    const from = layerOf(fromRel);
    if (!from) return {};

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = path
          .relative(ROOT, path.resolve(path.dirname(file), spec))
          .split(path.sep)
          .join('/');
        if (target.startsWith('..')) {
          context.report({ node, message: `${from.name}/ may not import outside the repository (${spec}).` });
          return;
        }
        const to = layerOf(target);
        if (to && to.name === 'build' && from.name !== 'build') {
          context.report({ node, message: `Nothing imports build/ (${spec}).` });
          return;
        }
        if (from.imports === null) return;
        if (!from.imports.some((allowed) => isUnder(target, allowed))) {
          context.report({
            node,
            message: `${from.name}/ may import only ${from.imports.join(', ')}; '${spec}' is in ${to ? to.name : target}/.`,
          });
        }
        return;
      }
      const pkg = packageName(spec);
      const isNode = spec.startsWith('node:') || builtins.has(pkg);
      if (isNode) {
        if (!from.node) {
          context.report({
            node,
            message: `${from.name}/ may not use Node built-ins ('${spec}'): it must run anywhere.`,
          });
        }
        return;
      }
      if (from.packages && !from.packages.includes(pkg)) {
        context.report({
          node,
          message: `${from.name}/ may import only the packages ${from.packages.join(', ')}; not '${spec}'.`,
        });
        return;
      }
      if (from.deny && from.deny.some((d) => pkg === d || pkg.startsWith(d + '/'))) {
        context.report({ node, message: `${from.name}/ may not import '${spec}'.` });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { imports: importsRule } };
