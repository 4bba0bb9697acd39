import { expiryStep } from './expiry-steps';

describe('expiryStep', () => {
  it.each([
    [61, null],
    [60, { kind: 'REMIND', days: 60 }],
    [31, { kind: 'REMIND', days: 60 }],
    [30, { kind: 'REMIND', days: 30 }],
    [8, { kind: 'REMIND', days: 30 }],
    [7, { kind: 'REMIND', days: 7 }],
    [0, { kind: 'REMIND', days: 7 }],
    [-1, { kind: 'EXPIRED' }],
    [-7, { kind: 'EXPIRED' }],
    [-8, null],
  ])('%i days left: %j', (daysLeft, step) => {
    expect(expiryStep(daysLeft)).toEqual(step);
  });
});
