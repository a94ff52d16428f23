package tools

// Toolsets not written yet. Each moves to its own file when it is.
func catalogTools() []ServerTool  { return nil }
func pantryTools() []ServerTool   { return nil }
func recipeTools() []ServerTool   { return nil }
func eventTools() []ServerTool    { return nil }
func planningTools() []ServerTool { return nil }
