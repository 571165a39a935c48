import { expect } from 'chai';
import { isLoopback as adaptersLoopback } from '../../adapters/loopback';
import { isLoopback as configLoopback } from '../../infra/config-schema';

// The stack configuration refuses what the SMTP adapter would refuse at cold start: one rule, written
// twice because infra/ imports no adapter code.
describe('isLoopback: the configuration and the adapters agree', () => {
  for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '128.0.0.1', 'smtp.example.com', '10.0.0.1', '::2']) {
    it(host, () => expect(configLoopback(host)).to.equal(adaptersLoopback(host)));
  }
});
