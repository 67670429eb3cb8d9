-- The live-label guard reads the labels given since a model's activation, every refresh.
CREATE INDEX labels_labelled_at ON labels (labelled_at);
