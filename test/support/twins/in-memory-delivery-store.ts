/** In-memory twin of the DeliveryStore port: targets per channel and the attempt log, newest first. */
import type { DeliveryAttempt, DeliveryTarget } from '../../../shared/domain/alerts/alert-channel';
import type { DeliveryStore } from '../../../shared/ports/delivery-store';

export class InMemoryDeliveryStore implements DeliveryStore {
  private readonly targets = new Map<string, DeliveryTarget>();
  readonly log: DeliveryAttempt[] = [];

  async putTarget(tenantId: string, channelId: string, target: DeliveryTarget) {
    this.targets.set(`${tenantId}/${channelId}`, target);
  }

  async target(tenantId: string, channelId: string) {
    return this.targets.get(`${tenantId}/${channelId}`) ?? null;
  }

  async removeTarget(tenantId: string, channelId: string) {
    this.targets.delete(`${tenantId}/${channelId}`);
  }

  async record(attempt: DeliveryAttempt) {
    this.log.push(attempt);
  }

  async attempts(tenantId: string, channelId: string, limit: number) {
    return this.log
      .filter((a) => a.tenantId === tenantId && a.channelId === channelId)
      .sort((a, b) => (a.at < b.at ? 1 : -1))
      .slice(0, limit);
  }
}
