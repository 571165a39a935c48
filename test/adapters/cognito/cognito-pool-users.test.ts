import { expect } from 'chai';
import { CognitoPoolUsers } from '../../../adapters/cognito/cognito-pool-users';
import { DirectoryRejectedError, DirectoryUnavailableError } from '../../../domain';
import type { CognitoLocalHandle } from '../../support/cognito-local';
import { startCognitoLocal } from '../../support/cognito-local';
import { confirmedUser, programPool } from '../../sandbox/cognito/sign-in';

describe('adapters/cognito/CognitoPoolUsers against cognito-local with the program’s pool', () => {
  let cognito: CognitoLocalHandle;
  let users: CognitoPoolUsers;
  let sub: string;

  before(async () => {
    cognito = await startCognitoLocal({ pool: programPool() });
    sub = await confirmedUser(cognito, 'ada@example.com');
    users = new CognitoPoolUsers(cognito.client(), cognito.userPoolId);
  });
  after(async () => {
    await cognito.stop();
  });
  beforeEach(() => cognito.resetCounts());

  it('finds a user by email: the pool’s username is the sub, as the sign-in triggers receive it', async () => {
    const user = await users.find('ada@example.com');
    expect(user).to.deep.equal({ username: sub, sub, email: 'ada@example.com', status: 'CONFIRMED', enabled: true });
    expect(Object.fromEntries(cognito.requests)).to.deep.equal({ AdminGetUser: 1 });
  });

  it('finds the same user by username, and by the address in other letters', async () => {
    expect((await users.find(sub))?.username).to.equal(sub);
    expect((await users.find('Ada@Example.COM'))?.username).to.equal(sub);
  });

  it('answers undefined for a name the pool does not know', async () => {
    expect(await users.find('nobody@example.com')).to.equal(undefined);
  });

  it('turns a refusal into DirectoryRejectedError and throttling into DirectoryUnavailableError', async () => {
    cognito.failNext('AdminGetUser', 'AccessDeniedException');
    expect(await users.find('ada@example.com').catch((e: unknown) => e)).to.be.instanceOf(DirectoryRejectedError);
    cognito.failNext('AdminGetUser', 'TooManyRequestsException');
    expect(await users.find('ada@example.com').catch((e: unknown) => e)).to.be.instanceOf(DirectoryUnavailableError);
  });
});
