/** The one alarm shape Nexus uses: 2 of 3 one-minute periods at or above a threshold, notifying on alarm and OK. */
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';

export interface ThresholdAlarmProps {
  readonly metric: IMetric;
  readonly threshold: number;
  readonly description: string;
  /** Where alarm and OK transitions go. @default no action */
  readonly action?: IAlarmAction | undefined;
}

/** Two breaching minutes out of three ride out one-off spikes; missing data is not a breach. */
export function thresholdAlarm(scope: Construct, id: string, props: ThresholdAlarmProps): Alarm {
  const alarm = new Alarm(scope, id, {
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: props.description,
  });
  if (props.action) {
    alarm.addAlarmAction(props.action);
    alarm.addOkAction(props.action);
  }
  return alarm;
}
