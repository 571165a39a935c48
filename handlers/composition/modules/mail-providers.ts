import type * as SendGridMailerModule from '../../../adapters/sendgrid/sendgrid-mailer';
import type * as SesClientModule from '../../../adapters/ses/ses-client';
import type * as SesMailerModule from '../../../adapters/ses/ses-mailer';
import type * as SmtpMailerModule from '../../../adapters/smtp/smtp-mailer';

/**
 * Each mail provider's adapter, loaded the first time a function sends through it. The bundler keeps a
 * `require` inside a function as a module evaluated on that call, not when the bundle loads: a stack
 * that mails with SES never evaluates nodemailer, and the sign-in triggers, which mail only when the
 * stack turns an alert on, evaluate no provider on a cold start without one (`npm run bench:load`:
 * about 8 ms off custom-email-sender's load, 3 ms off pre-authentication's; the rest of what the
 * providers add is the bundle's size).
 */
export const mailProviders = {
  ses: (): typeof SesClientModule & typeof SesMailerModule => ({
    ...(require('../../../adapters/ses/ses-client') as typeof SesClientModule),
    ...(require('../../../adapters/ses/ses-mailer') as typeof SesMailerModule),
  }),
  smtp: (): typeof SmtpMailerModule => require('../../../adapters/smtp/smtp-mailer') as typeof SmtpMailerModule,
  sendgrid: (): typeof SendGridMailerModule => require('../../../adapters/sendgrid/sendgrid-mailer') as typeof SendGridMailerModule,
};
