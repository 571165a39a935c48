/** Whether mail to a domain is known to be throw-away. `domain` is normalised: lowercase ASCII (punycode), no trailing dot. */
export interface DisposableDomains {
  isDisposable(domain: string): boolean;
}
