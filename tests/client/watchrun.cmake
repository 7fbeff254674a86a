# Tests of the watching engine and the timeline store
