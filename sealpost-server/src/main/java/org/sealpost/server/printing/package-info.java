/**
 * Controlled printing (issue 6 item 5; seed 第十四条): numbered print copies (份号) of a signed
 * delivery within the print allowance, results reported by the printer's IPP job state or by the
 * operator, de-sealed grey prints (脱密打印), and extra copies granted by the sender on request.
 * The API is {@link org.sealpost.server.printing.PrintingCopies} (issue, render, report) and
 * {@link org.sealpost.server.printing.CopyRequests} (request, grant, deny); the rules are in
 * {@link org.sealpost.server.printing.PrintAllowance}; REST lives in {@code api/}, the IPP/1.1
 * client in {@code ipp/}. See docs/printing.md.
 */
package org.sealpost.server.printing;
