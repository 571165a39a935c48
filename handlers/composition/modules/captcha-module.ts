import type { SSMClient } from '@aws-sdk/client-ssm';
import { ContainerModule, type Container } from 'inversify';
import { SiteverifyHumanVerifier } from '../../../adapters/captcha/siteverify-human-verifier';
import { SsmSecret } from '../../../adapters/ssm/ssm-secret';
import type { HumanVerifier } from '../../../domain';
import { ConfigurationError, type HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

function captchaOf(config: HandlerConfig): NonNullable<HandlerConfig['captcha']> {
  if (!config.captcha) throw new ConfigurationError('the stack has no captcha (SIGN_UP_CAPTCHA_PROVIDER is none)');
  return config.captcha;
}

/**
 * The captcha of self sign-up (needs `ssmModule`): the provider's siteverify API, with the stack's
 * secret read from SSM once per cold start. Resolved only when the stack has a captcha.
 */
export const captchaModule = new ContainerModule(({ bind }) => {
  bind<SsmSecret>(TOKENS.CaptchaSecret)
    .toResolvedValue((client: SSMClient, config: HandlerConfig) => new SsmSecret(client, captchaOf(config).secretParameter), [
      TOKENS.SsmClient,
      TOKENS.Config,
    ])
    .inSingletonScope();
  bind<HumanVerifier>(TOKENS.HumanVerifier)
    .toResolvedValue(
      (secret: SsmSecret, config: HandlerConfig) => {
        const captcha = captchaOf(config);
        return new SiteverifyHumanVerifier({
          provider: captcha.provider,
          secret: () => secret.value(),
          timeoutMs: config.client.timeoutMs,
          minScore: captcha.minScore,
          ...(captcha.hostnames.length > 0 ? { expectedHostnames: captcha.hostnames } : {}),
          ...(captcha.action ? { expectedAction: captcha.action } : {}),
          ...(captcha.endpoint ? { endpoint: captcha.endpoint } : {}),
        });
      },
      [TOKENS.CaptchaSecret, TOKENS.Config],
    )
    .inSingletonScope();
});

/** Starts reading the provider's secret while the function initialises (see `readAccountKeySecret`). */
export function readCaptchaSecret(container: Container): Promise<unknown> {
  return container.get<SsmSecret>(TOKENS.CaptchaSecret).value();
}
