/** Reads IAM out of synthesized templates: a function's role statements, and whether they allow an action on a resource. */
import type { Template } from 'aws-cdk-lib/assertions';

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

export const asArray = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** IAM wildcards (`kms:GenerateDataKey*`, `s3:*`) as the policy engine reads them. */
export function actionMatches(granted: string, wanted: string): boolean {
  if (granted === '*') return true;
  const pattern = new RegExp(`^${granted.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return pattern.test(wanted);
}

/** The logical id of the Lambda function with this physical name, in this template, if any. */
export function functionNamed(t: Template, functionName: string): string | undefined {
  const resources = t.toJSON().Resources as Resources;
  return Object.entries(resources).find(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.FunctionName === functionName,
  )?.[0];
}

/** The Allow statements of every policy attached to the function's execution role. */
export function roleStatements(t: Template, functionLogicalId: string): Statement[] {
  const resources = t.toJSON().Resources as Resources;
  const roleArn = resources[functionLogicalId]?.Properties?.Role as
    | { 'Fn::GetAtt': [string, string] }
    | undefined;
  const role = roleArn?.['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        asArray(r.Properties?.Roles as { Ref?: string }[]).some((ref) => ref.Ref === role),
    )
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement ?? [])
    .filter((s) => s.Effect === 'Allow');
}

/** Whether some statement allows `action` on a resource for which `on` holds (`on` sees the resource as JSON). */
export function allows(
  statements: readonly Statement[],
  action: string,
  on: (resource: string) => boolean,
): boolean {
  return statements.some(
    (s) =>
      asArray(s.Action).some((a) => actionMatches(a, action)) &&
      asArray(s.Resource).some((r) => r === '*' || on(JSON.stringify(r))),
  );
}
