import signUpDeSubject from './messages/sign-up/de.subject.mustache';
import signUpDeHtml from './messages/sign-up/de.html.mustache';
import signUpDeText from './messages/sign-up/de.text.mustache';
import signUpDeSms from './messages/sign-up/de.sms.mustache';
import signUpEnSubject from './messages/sign-up/en.subject.mustache';
import signUpEnHtml from './messages/sign-up/en.html.mustache';
import signUpEnText from './messages/sign-up/en.text.mustache';
import signUpEnSms from './messages/sign-up/en.sms.mustache';
import signUpFrSubject from './messages/sign-up/fr.subject.mustache';
import signUpFrHtml from './messages/sign-up/fr.html.mustache';
import signUpFrText from './messages/sign-up/fr.text.mustache';
import signUpFrSms from './messages/sign-up/fr.sms.mustache';
import adminCreateUserDeSubject from './messages/admin-create-user/de.subject.mustache';
import adminCreateUserDeHtml from './messages/admin-create-user/de.html.mustache';
import adminCreateUserDeText from './messages/admin-create-user/de.text.mustache';
import adminCreateUserDeSms from './messages/admin-create-user/de.sms.mustache';
import adminCreateUserEnSubject from './messages/admin-create-user/en.subject.mustache';
import adminCreateUserEnHtml from './messages/admin-create-user/en.html.mustache';
import adminCreateUserEnText from './messages/admin-create-user/en.text.mustache';
import adminCreateUserEnSms from './messages/admin-create-user/en.sms.mustache';
import adminCreateUserFrSubject from './messages/admin-create-user/fr.subject.mustache';
import adminCreateUserFrHtml from './messages/admin-create-user/fr.html.mustache';
import adminCreateUserFrText from './messages/admin-create-user/fr.text.mustache';
import adminCreateUserFrSms from './messages/admin-create-user/fr.sms.mustache';
import resendCodeDeSubject from './messages/resend-code/de.subject.mustache';
import resendCodeDeHtml from './messages/resend-code/de.html.mustache';
import resendCodeDeText from './messages/resend-code/de.text.mustache';
import resendCodeDeSms from './messages/resend-code/de.sms.mustache';
import resendCodeEnSubject from './messages/resend-code/en.subject.mustache';
import resendCodeEnHtml from './messages/resend-code/en.html.mustache';
import resendCodeEnText from './messages/resend-code/en.text.mustache';
import resendCodeEnSms from './messages/resend-code/en.sms.mustache';
import resendCodeFrSubject from './messages/resend-code/fr.subject.mustache';
import resendCodeFrHtml from './messages/resend-code/fr.html.mustache';
import resendCodeFrText from './messages/resend-code/fr.text.mustache';
import resendCodeFrSms from './messages/resend-code/fr.sms.mustache';
import forgotPasswordDeSubject from './messages/forgot-password/de.subject.mustache';
import forgotPasswordDeHtml from './messages/forgot-password/de.html.mustache';
import forgotPasswordDeText from './messages/forgot-password/de.text.mustache';
import forgotPasswordDeSms from './messages/forgot-password/de.sms.mustache';
import forgotPasswordEnSubject from './messages/forgot-password/en.subject.mustache';
import forgotPasswordEnHtml from './messages/forgot-password/en.html.mustache';
import forgotPasswordEnText from './messages/forgot-password/en.text.mustache';
import forgotPasswordEnSms from './messages/forgot-password/en.sms.mustache';
import forgotPasswordFrSubject from './messages/forgot-password/fr.subject.mustache';
import forgotPasswordFrHtml from './messages/forgot-password/fr.html.mustache';
import forgotPasswordFrText from './messages/forgot-password/fr.text.mustache';
import forgotPasswordFrSms from './messages/forgot-password/fr.sms.mustache';
import updateUserAttributeDeSubject from './messages/update-user-attribute/de.subject.mustache';
import updateUserAttributeDeHtml from './messages/update-user-attribute/de.html.mustache';
import updateUserAttributeDeText from './messages/update-user-attribute/de.text.mustache';
import updateUserAttributeDeSms from './messages/update-user-attribute/de.sms.mustache';
import updateUserAttributeEnSubject from './messages/update-user-attribute/en.subject.mustache';
import updateUserAttributeEnHtml from './messages/update-user-attribute/en.html.mustache';
import updateUserAttributeEnText from './messages/update-user-attribute/en.text.mustache';
import updateUserAttributeEnSms from './messages/update-user-attribute/en.sms.mustache';
import updateUserAttributeFrSubject from './messages/update-user-attribute/fr.subject.mustache';
import updateUserAttributeFrHtml from './messages/update-user-attribute/fr.html.mustache';
import updateUserAttributeFrText from './messages/update-user-attribute/fr.text.mustache';
import updateUserAttributeFrSms from './messages/update-user-attribute/fr.sms.mustache';
import verifyUserAttributeDeSubject from './messages/verify-user-attribute/de.subject.mustache';
import verifyUserAttributeDeHtml from './messages/verify-user-attribute/de.html.mustache';
import verifyUserAttributeDeText from './messages/verify-user-attribute/de.text.mustache';
import verifyUserAttributeDeSms from './messages/verify-user-attribute/de.sms.mustache';
import verifyUserAttributeEnSubject from './messages/verify-user-attribute/en.subject.mustache';
import verifyUserAttributeEnHtml from './messages/verify-user-attribute/en.html.mustache';
import verifyUserAttributeEnText from './messages/verify-user-attribute/en.text.mustache';
import verifyUserAttributeEnSms from './messages/verify-user-attribute/en.sms.mustache';
import verifyUserAttributeFrSubject from './messages/verify-user-attribute/fr.subject.mustache';
import verifyUserAttributeFrHtml from './messages/verify-user-attribute/fr.html.mustache';
import verifyUserAttributeFrText from './messages/verify-user-attribute/fr.text.mustache';
import verifyUserAttributeFrSms from './messages/verify-user-attribute/fr.sms.mustache';
import authenticationDeSubject from './messages/authentication/de.subject.mustache';
import authenticationDeHtml from './messages/authentication/de.html.mustache';
import authenticationDeText from './messages/authentication/de.text.mustache';
import authenticationDeSms from './messages/authentication/de.sms.mustache';
import authenticationEnSubject from './messages/authentication/en.subject.mustache';
import authenticationEnHtml from './messages/authentication/en.html.mustache';
import authenticationEnText from './messages/authentication/en.text.mustache';
import authenticationEnSms from './messages/authentication/en.sms.mustache';
import authenticationFrSubject from './messages/authentication/fr.subject.mustache';
import authenticationFrHtml from './messages/authentication/fr.html.mustache';
import authenticationFrText from './messages/authentication/fr.text.mustache';
import authenticationFrSms from './messages/authentication/fr.sms.mustache';
import type { CodeMessageName } from '../../domain';
import type { MailTemplate } from './mail-templates';

/**
 * The pool's own messages (a code, a temporary password), one per CustomMessage source, from the files
 * in messages/<message>/<locale>.{subject,html,text,sms}.mustache (see README.md): compiled into the
 * bundles that write them, nothing read from disk at run time. `code` is what Cognito substitutes (its
 * `{####}` placeholder in CustomMessage) or the code itself (custom senders); `username` likewise.
 */
export const CODE_MESSAGE_TEMPLATES: Readonly<Record<CodeMessageName, MailTemplate>> = {
  'sign-up': {
    placeholders: ['code', 'name', 'appName'],
    locales: {
      de: { subject: signUpDeSubject, html: signUpDeHtml, text: signUpDeText, sms: signUpDeSms },
      en: { subject: signUpEnSubject, html: signUpEnHtml, text: signUpEnText, sms: signUpEnSms },
      fr: { subject: signUpFrSubject, html: signUpFrHtml, text: signUpFrText, sms: signUpFrSms },
    },
  },
  'admin-create-user': {
    placeholders: ['code', 'username', 'name', 'appName'],
    locales: {
      de: { subject: adminCreateUserDeSubject, html: adminCreateUserDeHtml, text: adminCreateUserDeText, sms: adminCreateUserDeSms },
      en: { subject: adminCreateUserEnSubject, html: adminCreateUserEnHtml, text: adminCreateUserEnText, sms: adminCreateUserEnSms },
      fr: { subject: adminCreateUserFrSubject, html: adminCreateUserFrHtml, text: adminCreateUserFrText, sms: adminCreateUserFrSms },
    },
  },
  'resend-code': {
    placeholders: ['code', 'name', 'appName'],
    locales: {
      de: { subject: resendCodeDeSubject, html: resendCodeDeHtml, text: resendCodeDeText, sms: resendCodeDeSms },
      en: { subject: resendCodeEnSubject, html: resendCodeEnHtml, text: resendCodeEnText, sms: resendCodeEnSms },
      fr: { subject: resendCodeFrSubject, html: resendCodeFrHtml, text: resendCodeFrText, sms: resendCodeFrSms },
    },
  },
  'forgot-password': {
    placeholders: ['code', 'name', 'appName'],
    locales: {
      de: { subject: forgotPasswordDeSubject, html: forgotPasswordDeHtml, text: forgotPasswordDeText, sms: forgotPasswordDeSms },
      en: { subject: forgotPasswordEnSubject, html: forgotPasswordEnHtml, text: forgotPasswordEnText, sms: forgotPasswordEnSms },
      fr: { subject: forgotPasswordFrSubject, html: forgotPasswordFrHtml, text: forgotPasswordFrText, sms: forgotPasswordFrSms },
    },
  },
  'update-user-attribute': {
    placeholders: ['code', 'name', 'appName'],
    locales: {
      de: { subject: updateUserAttributeDeSubject, html: updateUserAttributeDeHtml, text: updateUserAttributeDeText, sms: updateUserAttributeDeSms },
      en: { subject: updateUserAttributeEnSubject, html: updateUserAttributeEnHtml, text: updateUserAttributeEnText, sms: updateUserAttributeEnSms },
      fr: { subject: updateUserAttributeFrSubject, html: updateUserAttributeFrHtml, text: updateUserAttributeFrText, sms: updateUserAttributeFrSms },
    },
  },
  'verify-user-attribute': {
    placeholders: ['code', 'name', 'appName'],
    locales: {
      de: { subject: verifyUserAttributeDeSubject, html: verifyUserAttributeDeHtml, text: verifyUserAttributeDeText, sms: verifyUserAttributeDeSms },
      en: { subject: verifyUserAttributeEnSubject, html: verifyUserAttributeEnHtml, text: verifyUserAttributeEnText, sms: verifyUserAttributeEnSms },
      fr: { subject: verifyUserAttributeFrSubject, html: verifyUserAttributeFrHtml, text: verifyUserAttributeFrText, sms: verifyUserAttributeFrSms },
    },
  },
  'authentication': {
    placeholders: ['code', 'name', 'appName'],
    locales: {
      de: { subject: authenticationDeSubject, html: authenticationDeHtml, text: authenticationDeText, sms: authenticationDeSms },
      en: { subject: authenticationEnSubject, html: authenticationEnHtml, text: authenticationEnText, sms: authenticationEnSms },
      fr: { subject: authenticationFrSubject, html: authenticationFrHtml, text: authenticationFrText, sms: authenticationFrSms },
    },
  },
};
