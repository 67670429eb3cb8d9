-- issue 24: what each submission declared in its (unsigned) usage block, so a model is audited per declared model and
-- task as well as per tenant. Null where nothing was declared, and for submissions stored before this.
ALTER TABLE features ADD COLUMN declared_model text;
ALTER TABLE features ADD COLUMN task text;
