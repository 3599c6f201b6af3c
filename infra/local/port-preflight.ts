/** Checks every port `npm start` will bind before anything starts, and reports all conflicts at once. */
import { defaultGatewayPort } from './api-gateway';
import { defaultModelServerPort } from './environment';
import type { LocalPlatformOptions } from './platform';
import { defaultStandInPorts, type StandInPorts, standInPortSettings } from './stand-ins/start-stand-ins';
import { claimPort, PortInUseError } from './tcp-ports';

interface WantedPort {
  readonly port: number;
  readonly service: string;
  readonly howToChange: string;
}

function wantedPorts(options: LocalPlatformOptions): WantedPort[] {
  const wanted: WantedPort[] = [
    { port: options.port ?? defaultGatewayPort, service: 'API gateway', howToChange: '--port or NEXUS_PORT' },
  ];
  for (const kind of Object.keys(standInPortSettings) as (keyof StandInPorts)[]) {
    const setting = standInPortSettings[kind];
    wanted.push({
      port: options.standInPorts?.[kind] ?? defaultStandInPorts[kind],
      service: setting.service,
      howToChange: `${setting.flag} or ${setting.env}`,
    });
  }
  if (!options.modelServerUrl) {
    wanted.push({
      port: options.modelEndpointPort ?? (options.port === 0 ? 0 : defaultModelServerPort),
      service: 'SageMaker endpoint router',
      howToChange: '--model-endpoint-port or NEXUS_MODEL_ENDPOINT_PORT',
    });
  }
  return wanted.filter((w) => w.port !== 0);
}

/** The ports already taken (empty when all are free); also catches one port configured twice. */
export async function portConflicts(options: LocalPlatformOptions): Promise<PortInUseError[]> {
  const wanted = wantedPorts(options);
  const conflicts: PortInUseError[] = [];
  const seen = new Map<number, WantedPort>();
  for (const w of wanted) {
    const earlier = seen.get(w.port);
    if (earlier)
      conflicts.push(
        new PortInUseError(w.port, `${w.service}, also given to ${earlier.service}`, w.howToChange),
      );
    seen.set(w.port, w);
  }
  const checks = await Promise.allSettled(wanted.map((w) => claimPort(w.port, w.service, w.howToChange)));
  for (const check of checks) {
    if (check.status === 'rejected') {
      if (check.reason instanceof PortInUseError) conflicts.push(check.reason);
      else throw check.reason;
    }
  }
  return conflicts;
}
