/**
 * `nexus alerts` and `nexus reports`: list, show, history and the few actions on each, with
 * creation bodies read from a JSON file (the same body the API documents), so the CLI never
 * drifts from the API's validation.
 */
import { call } from './api';
import { jsonBody, jsonBodyFile } from './json-body';
import { type Profile, UserError } from './profiles';

type Action = (profile: Profile, id: string | undefined, options: ResourceOptions) => Promise<unknown>;

export interface ResourceOptions {
  /** `--file`: the JSON body of a create. */
  readonly file?: string | undefined;
  /** `--recipients`: comma-separated test recipients of `reports send`. */
  readonly recipients?: string | undefined;
}

function needId(command: string, action: string, id: string | undefined): string {
  if (!id) throw new UserError(`${command} ${action} needs an id`, 2);
  return encodeURIComponent(id);
}

function actions(command: 'alerts' | 'reports'): Record<string, Action> {
  const base = `/v1/${command}`;
  const common: Record<string, Action> = {
    list: (p) => call(p, 'GET', base),
    show: (p, id) => call(p, 'GET', `${base}/${needId(command, 'show', id)}`),
    create: async (p, _id, o) =>
      call(p, 'POST', base, await jsonBodyFile(o.file, `${command} create needs --file <body.json>`)),
    delete: (p, id) => call(p, 'DELETE', `${base}/${needId(command, 'delete', id)}`),
  };
  if (command === 'alerts')
    return {
      ...common,
      events: (p, id) => call(p, 'GET', `${base}/${needId(command, 'events', id)}/events`),
      mute: (p, id) => call(p, 'PATCH', `${base}/${needId(command, 'mute', id)}`, jsonBody({ muted: true })),
      unmute: (p, id) =>
        call(p, 'PATCH', `${base}/${needId(command, 'unmute', id)}`, jsonBody({ muted: false })),
      test: (p, id) => call(p, 'POST', `${base}/${needId(command, 'test', id)}/test`, jsonBody({})),
    };
  return {
    ...common,
    runs: (p, id) => call(p, 'GET', `${base}/${needId(command, 'runs', id)}/runs`),
    send: (p, id, o) =>
      call(
        p,
        'POST',
        `${base}/${needId(command, 'send', id)}/send`,
        jsonBody({ recipients: o.recipients?.split(',').map((r) => r.trim()) }),
      ),
  };
}

/** Runs `nexus alerts|reports <action> [id]` and returns the API's answer. */
export async function runResourceCommand(
  command: 'alerts' | 'reports',
  args: readonly string[],
  profile: () => Promise<Profile>,
  options: ResourceOptions,
): Promise<unknown> {
  const table = actions(command);
  const action = args[0] ? table[args[0]] : undefined;
  if (!action) throw new UserError(`${command} needs one of: ${Object.keys(table).join(', ')}`, 2);
  return action(await profile(), args[1], options);
}
