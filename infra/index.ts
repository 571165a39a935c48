import { loadStackConfig } from './config';
import { createGatehouse } from './gatehouse';

const gatehouse = createGatehouse('gatehouse', loadStackConfig());

export const userPoolId = gatehouse.userPoolId;
export const userPoolArn = gatehouse.userPoolArn;
export const userPoolClientId = gatehouse.userPoolClientId;
export const tableName = gatehouse.tableName;
export const keyArn = gatehouse.keyArn;
export const functionArns = gatehouse.functionArns;
