import { expect } from 'chai';
import * as errors from '../../domain/errors';

describe('domain/errors', () => {
  // Bundles are minified: a name taken from the class would reach the logs mangled.
  const classes = (Object.values(errors) as unknown[]).filter(
    (value): value is new (message?: string) => errors.DomainError =>
      typeof value === 'function' && value.prototype instanceof errors.DomainError,
  );

  it('spells out every domain error’s name and gives it a stable code', () => {
    expect(classes.length).to.be.at.least(8);
    for (const ErrorClass of classes) {
      const error = new ErrorClass('message');
      expect(error.name, ErrorClass.name).to.equal(ErrorClass.name);
      expect(error.code).to.match(/^[A-Z_]+$/);
      expect(error).to.be.instanceOf(Error);
    }
  });
});
