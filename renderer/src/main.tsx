/** Renderer entry: open the episode the URL names, and mount the review screen. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.tsx";
import { openLinkedEpisode } from "./app/useStartup.ts";
import "./styles/app.css";

// The episode named by the URL is asked for before the first render, not after it.
openLinkedEpisode();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
