import '@testing-library/jest-dom';

// Rendering and clicking through MUI forms takes seconds on a busy 2-core CI
// machine (the database tests run alongside); 5 s is too tight there.
jest.setTimeout(30_000);
