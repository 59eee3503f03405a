// Placeholder entry point; the UI engineer replaces it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const container = document.getElementById('root');
if (!container) throw new Error('Rehearse: missing #root element in index.html');

createRoot(container).render(
  <StrictMode>
    <div data-testid="app-root">Rehearse</div>
  </StrictMode>,
);
