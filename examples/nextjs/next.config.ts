import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  // This folder is the app's root, although the repository around it has its own lockfile.
  turbopack: { root: import.meta.dirname },
  outputFileTracingRoot: import.meta.dirname,
  // A CI build starts from a clean checkout: writing Turbopack's cache for the next build is wasted time.
  experimental: { turbopackFileSystemCacheForBuild: process.env.CI !== 'true' },
}

export default nextConfig
