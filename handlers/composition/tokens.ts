/**
 * Inversify service identifiers. esbuild emits no decorator metadata, so nothing is resolved by type:
 * every dependency is named by one of these tokens.
 */
export const TOKENS = {
  Config: Symbol.for('gatehouse.Config'),
  Logger: Symbol.for('gatehouse.Logger'),
  Clock: Symbol.for('gatehouse.Clock'),
  DynamoDbClient: Symbol.for('gatehouse.DynamoDbClient'),
  CognitoClient: Symbol.for('gatehouse.CognitoClient'),
  SsmClient: Symbol.for('gatehouse.SsmClient'),
  AccountKeySecret: Symbol.for('gatehouse.AccountKeySecret'),
  AccountKeys: Symbol.for('gatehouse.AccountKeys'),
  AttemptLedger: Symbol.for('gatehouse.AttemptLedger'),
  AccountStore: Symbol.for('gatehouse.AccountStore'),
  AuditTrail: Symbol.for('gatehouse.AuditTrail'),
  UserDirectory: Symbol.for('gatehouse.UserDirectory'),
  RecordSignInAttempt: Symbol.for('gatehouse.RecordSignInAttempt'),
  RecordSuccessfulSignIn: Symbol.for('gatehouse.RecordSuccessfulSignIn'),
  ClearLockoutAfterRecovery: Symbol.for('gatehouse.ClearLockoutAfterRecovery'),
  DisposableDomains: Symbol.for('gatehouse.DisposableDomains'),
  ScreenSignUp: Symbol.for('gatehouse.ScreenSignUp'),
  CaptchaSecret: Symbol.for('gatehouse.CaptchaSecret'),
  HumanVerifier: Symbol.for('gatehouse.HumanVerifier'),
  SfnClient: Symbol.for('gatehouse.SfnClient'),
  ReminderScheduler: Symbol.for('gatehouse.ReminderScheduler'),
  SesClient: Symbol.for('gatehouse.SesClient'),
  SmtpPassword: Symbol.for('gatehouse.SmtpPassword'),
  Mailer: Symbol.for('gatehouse.Mailer'),
  MessageTemplates: Symbol.for('gatehouse.MessageTemplates'),
  OnceOnly: Symbol.for('gatehouse.OnceOnly'),
  WelcomeConfirmedAccount: Symbol.for('gatehouse.WelcomeConfirmedAccount'),
} as const;
