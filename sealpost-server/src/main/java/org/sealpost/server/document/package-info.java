/**
 * Sending (issue 5; seed 第九至十四条, 第十六条, 第十八、十九条): drafts, document types (文种),
 * numbers (发文字号), scope, approval, seal, preview, the one-envelope send with one delivery per
 * recipient unit, tracking, reminders (催办), supplements (补发), recall and void as signed
 * statements, and information requests that banks answer. The API is the use-case classes in this
 * package ({@link org.sealpost.server.document.ComposingDocuments}, {@link
 * org.sealpost.server.document.ApprovingDocuments}, {@link
 * org.sealpost.server.document.SealingDocuments}, {@link
 * org.sealpost.server.document.SendingDocuments}, {@link
 * org.sealpost.server.document.TrackingDocuments}, {@link
 * org.sealpost.server.document.RecallingDocuments}, {@link
 * org.sealpost.server.document.InformationRequests}) and the events it publishes ({@link
 * org.sealpost.server.document.DocumentSent} …); REST lives in {@code api/}.
 */
package org.sealpost.server.document;
