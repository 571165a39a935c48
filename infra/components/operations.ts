import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { metricAlarmInputs, stackAlarms, type AlarmTargets } from '../alarms';
import type { StackConfig } from '../config-schema';
import { dashboardBody } from '../dashboard';
import type { TriggerFunction } from './trigger-function';

export interface OperationsArgs {
  readonly config: StackConfig;
  /** The Pulumi stack: the `stack` dimension of Gatehouse's metrics. */
  readonly stack: string;
  /** The prefix of every name in AWS: the alarms' names start with it. */
  readonly prefix: string;
  readonly dashboardName: string;
  readonly functions: readonly TriggerFunction[];
  readonly tableName: pulumi.Input<string>;
  /** The table's ARN: the dashboard's region is read from it. */
  readonly tableArn: pulumi.Input<string>;
  readonly reminderStateMachineArn?: pulumi.Input<string>;
  /** Where the alarms notify; without it (alarms off) there are no alarms. */
  readonly topicArn?: pulumi.Input<string>;
  /** Alarms made elsewhere (the undelivered-messages queue's) shown with the others. */
  readonly otherAlarmArns?: readonly pulumi.Input<string>[];
  readonly undeliveredQueueName?: pulumi.Input<string>;
  readonly webAcl?: { readonly name: pulumi.Input<string>; readonly ruleMetricName: string };
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The stack's alarms (`infra/alarms.ts`), each notifying the topic in alarm and back to OK, and its
 * dashboard (`infra/dashboard.ts`). Both follow the stack's triggers: a trigger added to `TRIGGERS`
 * gets its alarms and its row.
 */
export class Operations extends pulumi.ComponentResource {
  readonly alarmNames: pulumi.Output<string[]>;
  readonly dashboardName: pulumi.Output<string | undefined>;

  constructor(name: string, args: OperationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:operations:Operations', name, {}, opts);
    const { config } = args;

    // The names the alarms and the dashboard read, once AWS has them (the state machine's ARN).
    const targets = pulumi
      .all([pulumi.all(args.functions.map((fn) => fn.functionName)), args.tableName, pulumi.output(args.reminderStateMachineArn)])
      .apply(
        ([functionNames, tableName, reminderStateMachineArn]): AlarmTargets => ({
          stack: args.stack,
          prefix: args.prefix,
          functions: args.functions.map((fn, index) => ({ trigger: fn.trigger, functionName: functionNames[index] as string })),
          tableName,
          ...(reminderStateMachineArn === undefined ? {} : { reminderStateMachineArn }),
        }),
      );
    // Which alarms exist follows from the configuration and the triggers alone, never from an output, so
    // each is registered now (a resource cannot be created inside an apply); placeholder names stand in
    // for the values, which each alarm reads from the same definition once they are resolved.
    const shapes = stackAlarms(config, {
      stack: args.stack,
      prefix: args.prefix,
      functions: args.functions.map((fn) => ({ trigger: fn.trigger, functionName: fn.trigger.name })),
      tableName: 'table',
      ...(args.reminderStateMachineArn === undefined ? {} : { reminderStateMachineArn: 'workflow' }),
    });
    const alarms =
      args.topicArn === undefined
        ? []
        : shapes.map((shape, index) => {
            const inputs = targets.apply((resolved) => {
              const definition = stackAlarms(config, resolved)[index];
              if (definition?.name !== shape.name) throw new Error(`the alarm ${shape.name} changed between its shape and its values`);
              return metricAlarmInputs(definition);
            });
            return new aws.cloudwatch.MetricAlarm(
              `${name}-${shape.name.slice(args.prefix.length + 1)}`,
              {
                name: shape.name,
                alarmDescription: inputs.alarmDescription,
                comparisonOperator: inputs.comparisonOperator,
                threshold: inputs.threshold,
                evaluationPeriods: inputs.evaluationPeriods,
                datapointsToAlarm: inputs.datapointsToAlarm,
                treatMissingData: inputs.treatMissingData,
                namespace: inputs.namespace,
                metricName: inputs.metricName,
                dimensions: inputs.apply((each) => each.dimensions as Record<string, string> | undefined),
                period: inputs.period,
                statistic: inputs.statistic,
                extendedStatistic: inputs.extendedStatistic,
                metricQueries: inputs.apply((each) => each.metricQueries?.map((query) => ({ ...query })) as aws.types.input.cloudwatch.MetricAlarmMetricQuery[] | undefined),
                alarmActions: [args.topicArn as pulumi.Input<string>],
                okActions: [args.topicArn as pulumi.Input<string>],
                tags: args.tags,
              },
              { parent: this },
            );
          });

    let dashboard: aws.cloudwatch.Dashboard | undefined;
    if (config.operations.dashboard) {
      dashboard = new aws.cloudwatch.Dashboard(
        `${name}-dashboard`,
        {
          dashboardName: args.dashboardName,
          dashboardBody: pulumi
            .all([
              targets,
              args.tableArn,
              pulumi.all([...alarms.map((alarm) => alarm.arn), ...(args.otherAlarmArns ?? [])]),
              pulumi.output(args.undeliveredQueueName),
              pulumi.output(args.webAcl?.name),
            ])
            .apply(([resolved, tableArn, alarmArns, undeliveredQueueName, webAclName]) => {
              const region = tableArn.split(':')[3] ?? '';
              return JSON.stringify(
                dashboardBody(config, {
                  ...resolved,
                  region,
                  alarmArns,
                  ...(undeliveredQueueName === undefined ? {} : { undeliveredQueueName }),
                  ...(webAclName === undefined || args.webAcl === undefined ? {} : { webAcl: { name: webAclName, ruleMetricName: args.webAcl.ruleMetricName } }),
                }),
              );
            }),
        },
        { parent: this },
      );
    }

    this.alarmNames = pulumi.all(alarms.map((alarm) => alarm.name));
    this.dashboardName = dashboard ? dashboard.dashboardName : pulumi.output(undefined);
    this.registerOutputs({ alarmNames: this.alarmNames, dashboardName: this.dashboardName });
  }
}
