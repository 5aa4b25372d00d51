/**
 * ASP.NET Core inline route constraints, as Functions route templates use them (`{id:guid}`, `{n:int:min(1)}`).
 * Pure. Unknown constraints are refused when the route is registered, as the Functions host refuses them.
 */

export type ConstraintCheck = (value: string) => boolean;

export class RouteTemplateError extends Error {
  override readonly name = 'RouteTemplateError';
}

const GUID = /^(?:\{)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}(?:\})?$|^\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)$/i;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

const int = (n: number) => Number.isInteger(n);
const toInt = (raw: string, name: string): number => {
  if (!INTEGER.test(raw.trim())) throw new RouteTemplateError(`The constraint "${name}" needs integer arguments (got "${raw}")`);
  return Number(raw.trim());
};
const inIntRange = (v: string, lo: bigint, hi: bigint) => {
  if (!INTEGER.test(v)) return false;
  const n = BigInt(v);
  return n >= lo && n <= hi;
};

/** Builds the check for one constraint reference such as `int`, `length(2,8)` or `regex(^\d+$)`. */
export function buildConstraint(reference: string): ConstraintCheck {
  const m = /^([A-Za-z]+)(?:\((.*)\))?$/s.exec(reference);
  if (!m) throw new RouteTemplateError(`The constraint reference "${reference}" could not be resolved`);
  const name = m[1].toLowerCase();
  const arg = m[2];
  const args = arg === undefined ? [] : name === 'regex' ? [arg] : arg.split(',');
  const need = (count: number) => {
    if (args.length !== count) throw new RouteTemplateError(`The constraint "${name}" takes ${count} argument(s)`);
  };
  switch (name) {
    case 'guid':
      need(0);
      return (v) => GUID.test(v);
    case 'int':
      need(0);
      return (v) => inIntRange(v, -(2n ** 31n), 2n ** 31n - 1n);
    case 'long':
      need(0);
      return (v) => inIntRange(v, -(2n ** 63n), 2n ** 63n - 1n);
    case 'bool':
      need(0);
      return (v) => /^(?:true|false)$/i.test(v);
    case 'alpha':
      need(0);
      return (v) => /^[a-z]*$/i.test(v);
    case 'decimal':
    case 'double':
    case 'float':
      need(0);
      return (v) => NUMBER.test(v);
    case 'datetime':
      need(0);
      return (v) => !Number.isNaN(Date.parse(v));
    case 'nonfile':
      need(0);
      return (v) => !/\.[^./]+$/.test(v);
    case 'file':
      need(0);
      return (v) => /\.[^./]+$/.test(v);
    case 'required':
      need(0);
      return (v) => v.length > 0;
    case 'minlength': {
      need(1);
      const n = toInt(args[0], name);
      return (v) => v.length >= n;
    }
    case 'maxlength': {
      need(1);
      const n = toInt(args[0], name);
      return (v) => v.length <= n;
    }
    case 'length': {
      if (args.length === 1) {
        const n = toInt(args[0], name);
        return (v) => v.length === n;
      }
      need(2);
      const [lo, hi] = [toInt(args[0], name), toInt(args[1], name)];
      return (v) => v.length >= lo && v.length <= hi;
    }
    case 'min': {
      need(1);
      const n = toInt(args[0], name);
      return (v) => INTEGER.test(v) && int(Number(v)) && Number(v) >= n;
    }
    case 'max': {
      need(1);
      const n = toInt(args[0], name);
      return (v) => INTEGER.test(v) && int(Number(v)) && Number(v) <= n;
    }
    case 'range': {
      need(2);
      const [lo, hi] = [toInt(args[0], name), toInt(args[1], name)];
      return (v) => INTEGER.test(v) && Number(v) >= lo && Number(v) <= hi;
    }
    case 'regex': {
      need(1);
      let re: RegExp;
      try {
        // ASP.NET: case-insensitive, culture-invariant, not anchored (the pattern anchors itself if it wants to).
        re = new RegExp(args[0], 'i');
      } catch {
        throw new RouteTemplateError(`The regex constraint "${args[0]}" is not a valid regular expression`);
      }
      return (v) => re.test(v);
    }
    default:
      throw new RouteTemplateError(`The constraint reference "${name}" could not be resolved`);
  }
}
