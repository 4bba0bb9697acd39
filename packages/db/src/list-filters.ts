/**
 * A list statement's WHERE built from the filters actually given, each with a parameter of its
 * own. Lists used to send every optional filter as `($n IS NULL OR …)`; PostgreSQL cannot tell a
 * generic plan for that from one that must honour each filter, judged it dearer, and planned
 * the statement afresh on every request (the partner sync's case and session lists, 0.1–0.2 ms
 * each). With only the given filters in the text, each combination is a statement of its own,
 * prepared once, whose generic plan is kept.
 */
export class ListFilters {
  readonly parameters: unknown[] = [];
  private readonly conditions: string[] = [];

  /** The next parameter's placeholder, holding `value`. */
  parameter(value: unknown): string {
    this.parameters.push(value);
    return `$${this.parameters.length}`;
  }

  /** Adds `condition(placeholder)` for `value`, when a value is given (not null or undefined). */
  where<T>(value: T | null | undefined, condition: (placeholder: string) => string): this {
    if (value !== null && value !== undefined) this.add(condition(this.parameter(value)));
    return this;
  }

  /** Adds a condition whose parameters were taken with `parameter`. */
  add(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** The conditions joined by AND (`true` for none). */
  get sql(): string {
    return this.conditions.length === 0 ? 'true' : this.conditions.join(' AND ');
  }
}
