/**
 * Receiving (issue 6; seed 第十三至十五条): the recipient unit's side of a delivery — inbox,
 * viewing (page images with a watermark), signing for it with a signed receipt (签收), returning it
 * with a reason (退回), the de-sealed download (脱密下载), archiving, confirming the destruction of
 * printed copies after a void, and the end-to-end mode where the unit's own PKCS#12 key opens the
 * envelope and signs the receipt outside the server. The API is the use-case classes of this
 * package ({@link org.sealpost.server.delivery.Inbox}, {@link
 * org.sealpost.server.delivery.ReadingDeliveries}, {@link
 * org.sealpost.server.delivery.SigningForDelivery}, {@link
 * org.sealpost.server.delivery.ReturningDelivery}, {@link
 * org.sealpost.server.delivery.DownloadingDelivery}, {@link
 * org.sealpost.server.delivery.ClosingDeliveries}) and the events it publishes ({@link
 * org.sealpost.server.delivery.DeliverySigned}, {@link org.sealpost.server.delivery.DeliveryReturned});
 * REST lives in {@code api/}.
 */
package org.sealpost.server.delivery;
