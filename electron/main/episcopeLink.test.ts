import { describe, expect, it } from "vitest";
import { linkFromArgv, parseEpiscopeLink, rendererQuery } from "./episcopeLink.ts";

describe("episcope:// links", () => {
  it("parses episode, t and dataset", () => {
    expect(parseEpiscopeLink("episcope://open?episode=sub%2Fep_7.mcap&t=12.345&dataset=%2Fdata%2Faloha")).toEqual({
      episode: "sub/ep_7.mcap",
      tSeconds: 12.345,
      dataset: "/data/aloha",
    });
    expect(parseEpiscopeLink("episcope://open?episode=a.mcap")).toEqual({ episode: "a.mcap", tSeconds: null, dataset: null });
  });

  it("drops a bad t and refuses other links", () => {
    expect(parseEpiscopeLink("episcope://open?episode=a.mcap&t=-3")?.tSeconds).toBeNull();
    expect(parseEpiscopeLink("episcope://open?episode=a.mcap&t=abc")?.tSeconds).toBeNull();
    expect(parseEpiscopeLink("episcope://delete?episode=a.mcap")).toBeNull();
    expect(parseEpiscopeLink("https://open?episode=a.mcap")).toBeNull();
    expect(parseEpiscopeLink("episcope://open")).toBeNull();
    expect(parseEpiscopeLink("not a url")).toBeNull();
  });

  it("builds the renderer query and finds links on argv", () => {
    expect(rendererQuery({ episode: "sub/ep 7.mcap", tSeconds: 2.5, dataset: null })).toBe("?episode=sub%2Fep+7.mcap&t=2.5");
    expect(linkFromArgv(["/usr/bin/episcope", "--flag", "episcope://open?episode=x.mcap&t=1"])?.episode).toBe("x.mcap");
    expect(linkFromArgv(["/usr/bin/episcope"])).toBeNull();
  });
});
