/**
 * Api: the public edge and the api-domain functions. One REST API serves every route of the
 * topology, whichever domain stack deploys the function (functions are imported by ARN, so the
 * invoke permissions live here and no stack depends back on this one): stage access logs,
 * X-Ray, stage throttling, the API key authorizer, JSON gateway errors in the platform's
 * error shape, and a WAFv2 web ACL (managed rule groups + per-IP rate limit).
 *
 * Why here and not in Ingestion: api-domain functions need the lake (Athena, Glue), and the lake
 * writer needs the Ingestion stream, so a REST API in Ingestion would make the stacks cyclic.
 */

import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  type IAuthorizer,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestAuthorizer,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { CfnSamplingRule } from 'aws-cdk-lib/aws-xray';
import type { Construct } from 'constructs';
import { definedProps } from '../../shared/domain/defined-props';
import { authorizerDenial } from '../../shared/runtime/authorizer-denial';
import { authorizerName, functions } from '../../shared/topology';
import { physicalNames } from '../config/physical-names';
import { DomainFunctions } from '../constructs/domain-functions';
import { ImportedResources } from '../constructs/imported-resources';
import type { FunctionStackProps } from './nexus-stack-props';

export interface ApiStackProps extends FunctionStackProps {}

export class ApiStack extends Stack {
  readonly api: RestApi;
  readonly functions: DomainFunctions;
  /** Absent in stages without WAF (`api.waf: false`). */
  readonly webAcl?: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, stage } = props.deployment;
    const names = physicalNames(props.deployment);
    const imports = new ImportedResources(this, props.deployment, props.network);
    this.functions = new DomainFunctions(this, 'Functions', {
      domain: 'api',
      deployment: props.deployment,
      imports,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    });
    this.api = new RestApi(this, 'RestApi', {
      restApiName: names.restApi,
      description: 'Nexus HTTPS API: ingest, datasets, queries, insights, admin',
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: true,
      deployOptions: {
        stageName: stage,
        tracingEnabled: true,
        metricsEnabled: true,
        // INFO writes several lines per request; access logs below already record every request.
        loggingLevel: MethodLoggingLevel[config.api.executionLogLevel],
        // Request/response bodies carry customer data and API keys: never logged.
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: config.api.throttleRateLimit,
        throttlingBurstLimit: config.api.throttleBurstLimit,
      },
    });
    // X-Ray samples this share of API requests and nothing more: the default rule's one trace a
    // second would trace every request at the anchor's load (tracing.sampleRate per stage).
    new CfnSamplingRule(this, 'ApiSampling', {
      samplingRule: {
        ruleName: `${names.prefix}-api`.slice(0, 32),
        priority: 100,
        fixedRate: config.tracing.sampleRate,
        reservoirSize: 0,
        serviceName: '*',
        serviceType: 'AWS::ApiGateway::Stage',
        host: '*',
        httpMethod: '*',
        urlPath: '*',
        resourceArn: '*',
        version: 1,
      },
    });
    // No usage plan: clients carry tenant keys (checked by the authorizer), not API Gateway
    // API keys, so a plan would throttle nothing; the stage throttle above is the gateway's limit.
    this.addErrorResponses();

    const lookup = (name: string): IFunction => {
      const own = this.functions.byName.get(name);
      if (own) return own.fn;
      // Another function stack's: imported by its physical name (no export), so the API
      // Gateway invoke permission is created in this stack.
      return LambdaFunction.fromFunctionAttributes(this, `Imported-${name}`, {
        functionArn: this.formatArn({
          service: 'lambda',
          resource: 'function',
          resourceName: names.function(name),
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
        sameEnvironment: true,
      });
    };
    const authorizer: IAuthorizer = new RequestAuthorizer(this, 'ApiKeyAuthorizer', {
      handler: lookup(authorizerName),
      // The key may come in either of two headers, so results are not cached by one of them.
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    for (const spec of functions) {
      if (!spec.routes?.length) continue;
      const integration = new LambdaIntegration(lookup(spec.name), { proxy: true });
      for (const route of spec.routes) {
        const authenticated = route.authenticated !== false;
        const method = this.api.root.resourceForPath(route.path).addMethod(
          route.method,
          integration,
          definedProps({
            authorizer: authenticated ? authorizer : undefined,
            authorizationType: authenticated ? AuthorizationType.CUSTOM : undefined,
          }),
        );
        if (!authenticated) {
          Validations.of(method).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              'Public by design (topology authenticated: false): the API reference, which holds no tenant data, and the one-click unsubscribe of report emails, whose HMAC-signed token is the credential.',
          });
        }
      }
    }

    if (config.api.waf) {
      this.webAcl = this.createWebAcl(config.api.wafRateLimitPer5Min);
      new CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.api.deploymentStage.stageArn,
        webAclArn: this.webAcl.attrArn,
      });
    } else {
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason:
          'WAF is a per-stage choice (cdk.json api.waf): off in dev ($9/month fixed), required in production stages; the stage throttle still applies.',
      });
    }

    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-APIG2',
        reason:
          'Bodies are validated per record by the handlers (zod) so a batch gets per-record errors instead of one 400.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'Machine clients authenticate with tenant API keys resolved by the Lambda authorizer, not Cognito users.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'The account-level API Gateway logging role needs exactly this AWS-managed policy.',
      },
    );
  }

  /** Gateway-generated errors in the same `{ error: { code, message, details } }` shape as the handlers'. */
  private addErrorResponses(): void {
    const json = (code: string) => ({
      'application/json': `{"error":{"code":"${code}","message":$context.error.messageString,"details":[]},"requestId":"$context.requestId"}`,
    });
    this.api.addGatewayResponse('Unauthorized', {
      type: ResponseType.UNAUTHORIZED,
      templates: json('UNAUTHORIZED'),
    });
    // The authorizer refuses with a Deny whose context names the reason (see authorizerDenial).
    this.api.addGatewayResponse('AccessDenied', {
      type: ResponseType.ACCESS_DENIED,
      statusCode: String(authorizerDenial.statusCode),
      templates: { 'application/json': authorizerDenial.template },
    });
    this.api.addGatewayResponse('Throttled', { type: ResponseType.THROTTLED, templates: json('THROTTLED') });
    this.api.addGatewayResponse('WafBlocked', {
      type: ResponseType.WAF_FILTERED,
      templates: json('REQUEST_BLOCKED'),
    });
    this.api.addGatewayResponse('TooLarge', {
      type: ResponseType.REQUEST_TOO_LARGE,
      templates: json('PAYLOAD_TOO_LARGE'),
    });
    this.api.addGatewayResponse('Default4xx', {
      type: ResponseType.DEFAULT_4XX,
      templates: json('BAD_REQUEST'),
    });
    this.api.addGatewayResponse('Default5xx', {
      type: ResponseType.DEFAULT_5XX,
      templates: json('INTERNAL'),
    });
  }

  private createWebAcl(ratePer5Min: number): CfnWebACL {
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const managed = (priority: number, name: string, countOnly: readonly string[] = []) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
        },
      },
      visibilityConfig: visibility(name),
    });
    return new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('nexus-api'),
      rules: [
        {
          name: 'rate-limit-per-ip',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: ratePer5Min } },
          visibilityConfig: visibility('rate-limit-per-ip'),
        },
        managed(1, 'AWSManagedRulesAmazonIpReputationList'),
        // Ingest batches are up to 1 MiB (checked by the handler, 413) and event properties are
        // free text such as page HTML or URLs, so the body size and XSS body rules only count.
        managed(2, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY', 'CrossSiteScripting_BODY']),
        managed(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });
  }
}
