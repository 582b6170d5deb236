"""Sources of social posts. Each yields `Post`s; the pipeline doesn't care which one it has."""
