import { REVIEW_WINDOWS_MS, newestInWindows, pageEnd } from './windows';

const HOUR = 3_600_000;
const END = new Date('2026-12-03T12:00:00.000Z');

/** An event of the patient: `grouped` ones are found only inside the window asked, as by the GIN scan. */
interface Event {
  readonly id: number;
  readonly occurredAt: Date;
  readonly grouped: boolean;
}

const at = (hoursBeforeEnd: number) => new Date(END.getTime() - hoursBeforeEnd * HOUR);
const newestFirst = (a: Event, b: Event) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.id - a.id;

/** The page statement over a trail: single events whatever the window, grouped ones from `since` on, `from` applied to both. */
function trailReader(events: readonly Event[], limit: number, from?: Date) {
  const windows: (Date | null)[] = [];
  const read = (since: Date | null) => {
    windows.push(since);
    const rows = events
      .filter((event) => !from || event.occurredAt >= from)
      .filter((event) => !event.grouped || since === null || event.occurredAt >= since)
      .sort(newestFirst)
      .slice(0, limit);
    return Promise.resolve(rows);
  };
  return { read, windows };
}

const page = (events: readonly Event[], limit: number, from?: Date) => [...events].filter((event) => !from || event.occurredAt >= from).sort(newestFirst).slice(0, limit);

describe('newestInWindows', () => {
  it('answers from the first window when it holds a full page', async () => {
    const events = Array.from({ length: 5 }, (_, i) => ({ id: i, occurredAt: at(0.1 * i), grouped: true }));
    const trail = trailReader(events, 3);
    expect(await newestInWindows({ patientId: 'p' }, END, 3, trail.read)).toEqual(page(events, 3));
    expect(trail.windows).toEqual([at(1)]);
  });

  it('counts an event exactly at the window start as inside it', async () => {
    const events = [0, 0.5, 1].map((hours, id) => ({ id, occurredAt: at(hours), grouped: true }));
    const trail = trailReader(events, 3);
    expect(await newestInWindows({ patientId: 'p' }, END, 3, trail.read)).toEqual(page(events, 3));
    expect(trail.windows).toEqual([at(1)]);
  });

  it('reaches further back when the window holds fewer than a page', async () => {
    const events = [
      { id: 1, occurredAt: at(0.5), grouped: true },
      { id: 2, occurredAt: at(1.000_001), grouped: true },
      { id: 3, occurredAt: at(30), grouped: true },
    ];
    const trail = trailReader(events, 3);
    expect(await newestInWindows({ patientId: 'p' }, END, 3, trail.read)).toEqual(page(events, 3));
    expect(trail.windows).toEqual([at(1), at(8), at(64)]);
  });

  it('does not take a page of single events older than the window for the answer', async () => {
    // The single events fill the page, but a grouped event before the window is newer than two of them.
    const events = [
      { id: 1, occurredAt: at(0.5), grouped: false },
      { id: 2, occurredAt: at(2), grouped: true },
      { id: 3, occurredAt: at(3), grouped: false },
      { id: 4, occurredAt: at(4), grouped: false },
    ];
    const trail = trailReader(events, 3);
    expect(await newestInWindows({ patientId: 'p' }, END, 3, trail.read)).toEqual([events[0], events[1], events[2]]);
    expect(trail.windows).toEqual([at(1), at(8)]);
  });

  it('ends with the whole trail when no window fills the page', async () => {
    const events = [{ id: 1, occurredAt: at(40_000), grouped: true }];
    const trail = trailReader(events, 2);
    expect(await newestInWindows({ patientId: 'p' }, END, 2, trail.read)).toEqual(events);
    expect(trail.windows).toEqual([...REVIEW_WINDOWS_MS.map((span) => new Date(END.getTime() - span)), null]);
  });

  it("stops widening at the filter's from, whose condition then bounds the scan", async () => {
    const from = at(10);
    const events = [
      { id: 1, occurredAt: at(9), grouped: true },
      { id: 2, occurredAt: at(11), grouped: true },
    ];
    const trail = trailReader(events, 3, from);
    expect(await newestInWindows({ patientId: 'p', from }, END, 3, trail.read)).toEqual([events[0]]);
    expect(trail.windows).toEqual([at(1), at(8), null]);
    // A from exactly at a window's start: that window is not asked, the unbounded scan is.
    const exact = trailReader(events, 3, at(8));
    await newestInWindows({ patientId: 'p', from: at(8) }, END, 3, exact.read);
    expect(exact.windows).toEqual([at(1), null]);
  });

  it('reads once, with no window, without a patient filter', async () => {
    const trail = trailReader([{ id: 1, occurredAt: at(100), grouped: false }], 2);
    expect(await newestInWindows({}, END, 2, trail.read)).toHaveLength(1);
    expect(trail.windows).toEqual([null]);
  });

  it('gives the page the whole trail gives, for any mix of single and grouped events', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const events = Array.from({ length: Math.floor(random() * 12) }, (_, id) => ({ id, occurredAt: at(random() ** 4 * 50_000), grouped: random() < 0.6 }));
      const limit = 1 + Math.floor(random() * 6);
      const from = random() < 0.3 ? at(random() * 1_000) : undefined;
      const trail = trailReader(events, limit, from);
      expect(await newestInWindows({ patientId: 'p', from }, END, limit, trail.read)).toEqual(page(events, limit, from));
    }
  });
});

describe('pageEnd', () => {
  it("ends a page's windows at its cursor, else at the filter's to, and never after now", () => {
    expect(pageEnd(at(5), at(1), END)).toEqual(at(5));
    expect(pageEnd(null, at(3), END)).toEqual(at(3));
    expect(pageEnd(undefined, undefined, END)).toEqual(END);
    expect(pageEnd(null, at(-24 * 365 * 70), END)).toEqual(END);
    expect(pageEnd(at(-1), null, END)).toEqual(END);
    expect(pageEnd(null, END, END)).toEqual(END);
  });
});
