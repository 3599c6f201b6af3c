/**
 * How an authorizer refusal reaches the client, shared by the authorizer, the local gateway and
 * the API stack: a Deny policy whose context names the reason, rendered by the API's
 * ACCESS_DENIED gateway response as a 401 in Nexus's error shape. (A thrown "Unauthorized"
 * cannot carry a reason: API Gateway answers it with a fixed body.)
 */
export const authorizerDenial = {
  statusCode: 401,
  codeKey: 'errorCode',
  messageKey: 'errorMessage',
  /** The ACCESS_DENIED gateway response's application/json template. */
  template:
    '{"error":{"code":"$context.authorizer.errorCode","message":"$context.authorizer.errorMessage","details":[]},"requestId":"$context.requestId"}',
} as const;
