import { describe, expect, it } from "vitest";
import { formatDeepLink, momentLink, parseDeepLink } from "./deepLink.ts";

describe("deep links", () => {
  it("parses episode and t", () => {
    expect(parseDeepLink("?episode=a%2Fb%20c.mcap&t=12.5")).toEqual({ episode: "a/b c.mcap", tSeconds: 12.5 });
    expect(parseDeepLink("?episode=x.mcap")).toEqual({ episode: "x.mcap", tSeconds: null });
    expect(parseDeepLink("")).toEqual({ episode: null, tSeconds: null });
  });
  it("ignores invalid or negative t and empty episode", () => {
    expect(parseDeepLink("?episode=&t=abc").tSeconds).toBeNull();
    expect(parseDeepLink("?t=-1").tSeconds).toBeNull();
    expect(parseDeepLink("?t=").tSeconds).toBeNull();
    expect(parseDeepLink("?episode=").episode).toBeNull();
  });
  it("round-trips", () => {
    const s = formatDeepLink({ episode: "dir/ep 1.mcap", tSeconds: 3.25 });
    expect(s).toBe("?episode=dir%2Fep+1.mcap&t=3.250");
    expect(parseDeepLink(s)).toEqual({ episode: "dir/ep 1.mcap", tSeconds: 3.25 });
    expect(formatDeepLink({ episode: null, tSeconds: null })).toBe("");
  });
});

describe("momentLink", () => {
  it("is episcope://open in the desktop app and the http link in serve mode", () => {
    const link = { episode: "a/b c.mcap", tSeconds: 1.5 };
    expect(momentLink("desktop", "http://x", "/", link)).toBe("episcope://open?episode=a%2Fb+c.mcap&t=1.500");
    expect(momentLink("serve", "http://127.0.0.1:9", "/", link)).toBe("http://127.0.0.1:9/?episode=a%2Fb+c.mcap&t=1.500");
  });
});
