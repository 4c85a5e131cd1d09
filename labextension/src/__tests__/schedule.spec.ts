import { Debouncer } from '../schedule';

describe('Debouncer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs once after the changes stop', async () => {
    const work = jest.fn(() => Promise.resolve());
    const debouncer = new Debouncer(work, 50);
    for (let i = 0; i < 5; i++) {
      debouncer.schedule();
      jest.advanceTimersByTime(30);
    }
    expect(work).not.toHaveBeenCalled();
    jest.advanceTimersByTime(50);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('never runs twice at once, and runs again after a change during a run', async () => {
    let finish: () => void = () => undefined;
    let active = 0;
    let most = 0;
    const work = jest.fn(
      () =>
        new Promise<void>(resolve => {
          active++;
          most = Math.max(most, active);
          finish = () => {
            active--;
            resolve();
          };
        })
    );
    const debouncer = new Debouncer(work, 10);
    debouncer.schedule();
    jest.advanceTimersByTime(10);
    expect(work).toHaveBeenCalledTimes(1);
    debouncer.schedule(); // a change while the first request is under way
    jest.advanceTimersByTime(10);
    expect(work).toHaveBeenCalledTimes(1);
    finish();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(10);
    expect(work).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
  });

  it('does nothing once disposed', () => {
    const work = jest.fn(() => Promise.resolve());
    const debouncer = new Debouncer(work, 10);
    debouncer.schedule();
    debouncer.dispose();
    jest.advanceTimersByTime(100);
    expect(work).not.toHaveBeenCalled();
    expect(debouncer.pending).toBe(false);
  });
});
