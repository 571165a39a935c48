import { assertBuildIsFresh } from './build-freshness';
import { loadStackConfig } from './config';
import { createGatehouse } from './gatehouse';

assertBuildIsFresh();

const gatehouse = createGatehouse('gatehouse', loadStackConfig());

export const userPoolId = gatehouse.userPoolId;
export const userPoolArn = gatehouse.userPoolArn;
export const userPoolClientId = gatehouse.userPoolClientId;
// What a client needs to verify the pool's tokens.
export const region = gatehouse.region;
export const issuerUrl = gatehouse.issuerUrl;
export const jwksUrl = gatehouse.jwksUrl;
export const tableName = gatehouse.tableName;
export const keyArn = gatehouse.keyArn;
export const accountKeyParameter = gatehouse.accountKeyParameter;
export const functionArns = gatehouse.functionArns;
// DNS records to publish for the pool's sender (DKIM CNAMEs of a domain identity); empty without one.
export const emailDnsRecords = gatehouse.emailDnsRecords;
// The sign-up reminder workflow (absent when gatehouse:signUp.reminders.enabled is false).
export const reminderStateMachineArn = gatehouse.reminderStateMachineArn;
// Operations: the topic the alarms notify, the dashboard, the pool's web ACL (each left out when off).
export const operations = gatehouse.operations;
