import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import "./app/theme.css";
import "./styles.css";
import "./app/phone.css"; // after styles.css, which it narrows on a phone
import "./app/forcedColors.css"; // last: under forced colours, it keeps what only colour told apart

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
