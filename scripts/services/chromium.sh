# The interactive report's tests open index.html in a real headless browser: Debian's chromium,
# driven by playwright-core (an npm dev dependency) through /usr/bin/chromium. Nothing to start:
# each test launches its own browser with a fresh profile.
need_packages chromium
