/** Matches requests to the topology's routes the way API Gateway resources do: literal segments beat {params}. */
import type { FunctionSpec, RouteSpec } from '../../../shared/topology';

export interface RouteBinding {
  readonly route: RouteSpec;
  readonly fn: FunctionSpec;
}

export type RouteMatch =
  | {
      readonly kind: 'found';
      readonly binding: RouteBinding;
      readonly pathParameters: Record<string, string>;
    }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

interface CompiledRoute extends RouteBinding {
  readonly pattern: RegExp;
  readonly names: readonly string[];
  /** More literal segments = more specific, matched first. */
  readonly literals: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(binding: RouteBinding): CompiledRoute {
  const names: string[] = [];
  let literals = 0;
  const segments = binding.route.path.split('/').map((segment) => {
    const greedy = /^\{(\w+)\+\}$/.exec(segment);
    if (greedy?.[1]) {
      names.push(greedy[1]);
      return '(.+)';
    }
    const param = /^\{(\w+)\}$/.exec(segment);
    if (param?.[1]) {
      names.push(param[1]);
      return '([^/]+)';
    }
    literals++;
    return escapeRegExp(segment);
  });
  return { ...binding, pattern: new RegExp(`^${segments.join('/')}/?$`), names, literals };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The route table of every `handler` function in the given topology. */
export class RouteTable {
  private readonly routes: readonly CompiledRoute[];

  constructor(functions: readonly FunctionSpec[]) {
    this.routes = functions
      .filter((fn) => fn.role !== 'authorizer')
      .flatMap((fn) => (fn.routes ?? []).map((route) => compile({ route, fn })))
      .sort((a, b) => b.literals - a.literals);
  }

  get bindings(): readonly RouteBinding[] {
    return this.routes;
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      if (route.route.method !== method) {
        allowed.push(route.route.method);
        continue;
      }
      const pathParameters: Record<string, string> = {};
      route.names.forEach((name, index) => {
        pathParameters[name] = decode(found[index + 1] ?? '');
      });
      return { kind: 'found', binding: route, pathParameters };
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}
