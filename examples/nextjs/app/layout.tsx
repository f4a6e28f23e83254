import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import '@xyflow/react/dist/style.css'
import './globals.css'

export const metadata: Metadata = {
  title: 'stepwise × Next.js',
  description: 'A stepwise workflow run from a Next.js App Router app',
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
