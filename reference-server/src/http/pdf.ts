// Lays the export's text lines (export-layout.ts pdfLines) out as a real PDF with pdfkit: the title
// large, the filters and totals in Helvetica, the table in Courier after the `Detalle:` line.

import PDFDocument from 'pdfkit';

export function renderPdf(lines: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 40,
      info: { Title: lines[0] ?? 'Cobranzas BI', Author: 'reference-server' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    let inTable = false;
    lines.forEach((line, i) => {
      if (i === 0) {
        doc.font('Helvetica-Bold').fontSize(16).text(line);
        doc.moveDown(0.5);
        return;
      }
      if (inTable) {
        doc.font('Courier').fontSize(7).text(line);
        return;
      }
      doc.font('Helvetica').fontSize(10).text(line);
      if (line === 'Detalle:') inTable = true;
    });
    doc.end();
  });
}
