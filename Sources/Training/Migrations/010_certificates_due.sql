-- The overview (待办) tests each certificate's dates for its review window in SQL
-- (CertificatesOverview.MayBeDue) in the order of enterprises: this covering index holds those
-- dates, so only the few that may be due (at ten years 1,700 of 24,000) are read in full.
CREATE INDEX training_certificates_due ON training_certificates (enterprise_id, id, valid_to, review_base_on, issued_on, invalid_reason)
    WHERE invalid_reason IS NULL;
