/**
 * Unit tests of the modules that hold logic without JupyterLab (schedule, glue, badge, guard,
 * dashboard, errors): ts-jest in jsdom, as the JupyterLab extension template runs its tests.
 * The browser tests in tests/test_lab*.py drive the whole extension in a real JupyterLab.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/__tests__/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] }
};
